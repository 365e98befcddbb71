from .territory import Territory, TerritoryLink

__all__ = ["Territory", "TerritoryLink"]
