"""Plugin discovery, the country registry built from plugins, and introspection."""
