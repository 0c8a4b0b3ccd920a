"""Each chapter's numbers and verdict rules: pure functions over the curated tables."""
