"""Task placement: which container instance a task goes to, and why not."""
