"""pytest plugin (entry point ``govaccts``): fixtures for report builders' tests."""
