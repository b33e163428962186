"""IM Japan's events: public listings of events and their kinds, registrations for staff."""
