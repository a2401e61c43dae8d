"""The pipeline benchmark (issue 6): the real stack under load, measured against two ceilings."""
