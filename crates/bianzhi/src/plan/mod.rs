//! Staffing plans (定员), organisation evaluation and rectification ledgers, `domain.md` §7, §9.
