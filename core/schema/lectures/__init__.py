"""Post-entry lectures: courses at IM Japan's centre, enrolments, attendance and progress."""
