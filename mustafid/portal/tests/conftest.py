import pytest

from mustafid.notifications.gateways import LocmemSmsBackend


@pytest.fixture(autouse=True)
def sms():
    LocmemSmsBackend.reset()
    yield LocmemSmsBackend
    LocmemSmsBackend.reset()
