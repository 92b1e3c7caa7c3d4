//! Invariants of the working-day functions on the shipped calendar (2020–2026).

use bianzhi::workdays::{add_workdays, is_workday, workdays_between};
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

fn date_in_range() -> impl Strategy<Value = NaiveDate> {
    // 2020-04-01 .. 2026-06-29: ±60 working days and +180 days stay inside 2020–2026.
    (0u64..2280).prop_map(|d| NaiveDate::from_ymd_opt(2020, 4, 1).unwrap() + Days::new(d))
}

proptest! {
    #[test]
    fn add_then_count_is_the_identity(a in date_in_range(), n in -60i64..=60) {
        let b = add_workdays(a, n).unwrap();
        if n >= 0 {
            prop_assert_eq!(workdays_between(a, b).unwrap(), n);
        } else {
            // Backwards the start day is the included end of (b, a]: it counts when it is a
            // working day itself.
            let a_counts = i64::from(is_workday(a).unwrap());
            prop_assert_eq!(workdays_between(b, a).unwrap(), -n - 1 + a_counts);
        }
        if n != 0 {
            prop_assert!(is_workday(b).unwrap(), "{} + {} = {} is not a working day", a, n, b);
        } else {
            prop_assert_eq!(b, a);
        }
    }

    #[test]
    fn counting_is_additive_and_antisymmetric(a in date_in_range(), x in 0u64..90, y in 0u64..90) {
        let b = a + Days::new(x);
        let c = b + Days::new(y);
        let ab = workdays_between(a, b).unwrap();
        let bc = workdays_between(b, c).unwrap();
        prop_assert_eq!(ab + bc, workdays_between(a, c).unwrap());
        prop_assert_eq!(workdays_between(b, a).unwrap(), -ab);
        prop_assert!(ab <= x as i64);
    }
}
