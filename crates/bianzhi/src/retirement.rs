//! Statutory retirement age, `domain.md` §5.
