"""newsflow's services. A child of ``newsflow api --workers N`` ends with its supervisor (shared/orphans.py)."""

from shared.orphans import end_with_supervisor

end_with_supervisor()
