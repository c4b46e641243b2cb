"""Named accounts: people, their roles, passwords, second factor and sign-in."""
