"""IM Japan's events: event types, events, registrations."""
