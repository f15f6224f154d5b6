"""A local AWS Panorama API emulator (package import jobs and packages)."""

from .faults import FaultConfig, Faults
from .models import Backend
from .quotas import Quota, Quotas
from .server import EmulatorServer

__all__ = ["Backend", "EmulatorServer", "FaultConfig", "Faults", "Quota", "Quotas"]
