"""The session timetable: built by the CP-SAT solver (planning.solver), validated, published."""
