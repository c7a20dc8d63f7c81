"""Report kinds as declarative table specs, and the generic builder from read tables."""
