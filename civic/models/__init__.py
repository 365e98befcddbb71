from .profile import Profile, VerificationDecision
from .territory import Territory, TerritoryLink

__all__ = ["Profile", "Territory", "TerritoryLink", "VerificationDecision"]
