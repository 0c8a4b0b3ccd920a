"""pytest, repository-wide (tests/ and, under `make notebooks`, the notebooks run by nbmake)."""

from genchain.publish import kernel_wait

# notebooks run by this process see a kernel's reply within a second even when a socket's wake-up is
# missed (see genchain.publish.kernel_wait: otherwise a run can stall for its whole cell timeout)
kernel_wait.install()
