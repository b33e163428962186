"""Japanese-language records: the test levels with their CEFR equivalents (data an
administrator extends), and each person's tests and courses."""
