// PinionSupervisor: `pinion daemon`. Runs the modules installed in a state directory,
// each on its own thread under its manifest's budgets and grants; installs, verifies and
// hot-swaps versions dropped into a spool directory; restarts and rolls back by policy.
