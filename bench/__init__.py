"""The benchmark of `make bench`: a tool beside the product, installed only by bench.settings."""
