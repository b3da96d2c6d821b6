"""The pure core: entities, value objects and rules. Standard library only."""
