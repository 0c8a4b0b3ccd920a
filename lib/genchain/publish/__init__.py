"""Publishing the book: claim boxes, the catalogue of itself, the student edition, packs, assignments, benchmarks."""
