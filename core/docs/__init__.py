"""Generated documentation: the hook reference and the plugin API page."""
