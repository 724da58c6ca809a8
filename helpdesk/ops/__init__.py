"""Operations: backup and restore, health."""
