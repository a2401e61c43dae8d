"""A child process that must not outlive its parent: one of ``newsflow api --workers N``'s processes.

uvicorn's supervisor stops its children when it is told to stop, but a supervisor killed outright (SIGKILL, the
OOM killer) leaves them serving the port with no one to restart or stop them. Linux can send a child a signal
when its parent dies (``prctl(PR_SET_PDEATHSIG)``); the child asks for SIGTERM, its graceful stop.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def end_with_parent(sig: signal.Signals = signal.SIGTERM) -> bool:
    """Have this process sent ``sig`` when its parent dies; whether the system can (Linux only).

    The request is about the thread that made the child: uvicorn makes its children from its main thread.
    """
    if not sys.platform.startswith("linux"):
        return False
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
        return False
    if os.getppid() != parent:  # the parent died before the request took hold: no signal will come
        os.kill(os.getpid(), sig)
    return True
