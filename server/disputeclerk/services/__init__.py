"""The logic of Dispute Clerk. Nothing here imports Flask."""
