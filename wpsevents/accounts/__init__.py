"""Staff accounts: the second factor at sign-in, and how long a staff session lasts."""
