"""A child process that must not outlive its parent: one of ``newsflow api --workers N``'s processes.

uvicorn's supervisor stops its children when it is told to stop, but a supervisor killed outright (SIGKILL, the
OOM killer) leaves them serving the port with no one to restart or stop them. Linux can send a child a signal
when its parent dies (``prctl(PR_SET_PDEATHSIG)``); the child asks for SIGTERM, its graceful stop.

The child asks as the first thing it does (``services/__init__.py`` runs ``end_with_supervisor``, before the
application is imported, which takes seconds): the supervisor names itself in ``SUPERVISOR_ENV``, and a
multiprocessing child that finds its parent is no longer that supervisor (killed while the child started) stops
at once.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h
SUPERVISOR_ENV = "NEWSFLOW_API_SUPERVISOR_PID"


def end_with_supervisor() -> None:
    """In a multiprocessing child of the process named by ``SUPERVISOR_ENV``: end with it (see the module)."""
    supervisor = os.environ.get(SUPERVISOR_ENV, "")
    if not supervisor.isdigit() or "--multiprocessing-fork" not in sys.orig_argv or os.getpid() == int(supervisor):
        return
    if os.getppid() != int(supervisor):  # the supervisor died while this child was starting
        os.kill(os.getpid(), signal.SIGTERM)
        return
    end_with_parent()


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
