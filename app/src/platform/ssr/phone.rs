//! Phone numbers by their country's numbering plan, with libphonenumber's metadata (the
//! `phonenumber` crate): a number that cannot exist in its country is refused, and a stored
//! E.164 number is shown grouped the way its country writes it (`+32 470 55 01 20`). Server side
//! only; the browser checks the shape (`domain::PhoneNumber`) and shows what the server wrote.

use crate::domain::{Details, FieldErrors, Invalid, PhoneNumber};

fn plan(e164: &str) -> Option<phonenumber::PhoneNumber> {
    phonenumber::parse(None, e164).ok().filter(phonenumber::is_valid)
}

/// `error-phone-invalid` for a number its country's plan does not have.
pub fn check(number: &PhoneNumber) -> Result<(), Invalid> {
    plan(number.as_str()).map(|_| ()).ok_or(Invalid("error-phone-invalid"))
}

/// The phones of parsed details that their countries' plans do not have, on their fields.
pub fn plan_errors(d: &Details) -> FieldErrors {
    [("contact_phone", &d.contact_phone), ("mfa_phone", &d.mfa_phone)]
        .into_iter()
        .filter_map(|(field, number)| number.as_ref().and_then(|n| check(n).err()).map(|e| (field, e)))
        .collect()
}

/// A stored number as people read it: international format, grouped by its country's plan; the
/// stored text itself when the plan does not know it (numbers saved before the plans were used).
pub fn display(e164: &str) -> String {
    match plan(e164) {
        Some(n) => n.format().mode(phonenumber::Mode::International).to_string(),
        None => e164.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_grouped_by_their_countrys_plan() {
        assert_eq!(display("+32470550120"), "+32 470 55 01 20");
        assert_eq!(display("+3235550120"), "+32 3 555 01 20");
        assert_eq!(display("+33123456789"), "+33 1 23 45 67 89");
        assert_eq!(display("+999123"), "+999123", "unknown to the plans: as stored");
    }

    #[test]
    fn a_number_its_plan_lacks_is_refused() {
        let number = |raw: &str| PhoneNumber::parse(raw).unwrap();
        assert_eq!(check(&number("+32 470 55 01 20")), Ok(()));
        // Belgian mobile numbers have nine digits after the country code.
        assert_eq!(check(&number("+32 470 55 01")), Err(Invalid("error-phone-invalid")));
        assert_eq!(check(&number("+999 1234 5678")), Err(Invalid("error-phone-invalid")));
    }
}
