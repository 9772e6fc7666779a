"""Demo content for a new site: the texts (as data modules), their pictures, and the service that seeds them."""

from .service import DemoSeedError, SeedReport, demo_seed

__all__ = ["DemoSeedError", "SeedReport", "demo_seed"]
