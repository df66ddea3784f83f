//! A person's details (address, salutation, names, job title, department, phones, e-mail
//! language), parsed in one place for every form that edits them: "+ Add Profile", an
//! administrator's edit and My Profile. Every field is checked; all the errors come back
//! together, each on its field.

use super::{Email, Invalid, Lang, PersonName, PhoneNumber, Salutation, ShortText};

/// Whom the details describe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// A user or a contact: a first and a last name.
    Person,
    /// A distribution list: a display name; the last name is optional free text.
    List,
}

/// The details as a form posts them. A field the form does not have is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DetailsInput {
    pub email: String,
    pub salutation: String,
    pub email_language: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub job_title: String,
    pub department: String,
    pub contact_phone: String,
    pub mfa_phone: Option<String>,
}

/// The details, every field well formed.
#[derive(Clone, Debug, PartialEq)]
pub struct Details {
    pub email: Email,
    pub salutation: Option<Salutation>,
    /// `None` when the form has no such field.
    pub email_language: Option<Lang>,
    pub first_name: PersonName,
    /// A person's last name, or a list's optional free text (then possibly empty).
    pub last_name: String,
    pub job_title: Option<ShortText>,
    pub department: Option<ShortText>,
    pub contact_phone: Option<PhoneNumber>,
    /// `None` when the form has no such field, or the field is blank.
    pub mfa_phone: Option<PhoneNumber>,
}

/// An optional text as the database keeps it (NULL when blank).
pub fn stored<T: AsRef<str>>(value: &Option<T>) -> Option<String> {
    value.as_ref().map(|v| v.as_ref().to_string())
}

/// The fields refused, each with why, in the order of the form.
pub type FieldErrors = Vec<(&'static str, Invalid)>;

impl Details {
    pub fn parse(input: &DetailsInput, holder: Holder) -> Result<Details, FieldErrors> {
        let mut errors: FieldErrors = vec![];
        let mut on = |field: &'static str, e: Invalid| errors.push((field, e));
        let email = Email::parse(&input.email).map_err(|e| on("email", e)).ok();
        let salutation = Salutation::parse_optional(&input.salutation).map_err(|e| on("salutation", e)).ok();
        let email_language = match &input.email_language {
            None => Some(None),
            Some(code) => Lang::parse(code).map(Some).or_else(|| {
                on("email_language", Invalid("error-language-invalid"));
                None
            }),
        };
        let first_name = PersonName::parse(&input.first_name).map_err(|e| on("first_name", e)).ok();
        let last_name = match holder {
            Holder::Person => PersonName::parse(&input.last_name).map(String::from),
            Holder::List => ShortText::parse_optional(&input.last_name).map(|t| t.map(String::from).unwrap_or_default()),
        }
        .map_err(|e| on("last_name", e))
        .ok();
        let job_title = ShortText::parse_optional(&input.job_title).map_err(|e| on("job_title", e)).ok();
        let department = ShortText::parse_optional(&input.department).map_err(|e| on("department", e)).ok();
        let contact_phone = PhoneNumber::parse_optional(&input.contact_phone).map_err(|e| on("contact_phone", e)).ok();
        let mfa_phone = PhoneNumber::parse_optional(input.mfa_phone.as_deref().unwrap_or_default()).map_err(|e| on("mfa_phone", e)).ok();
        match (email, salutation, email_language, first_name, last_name, job_title, department, contact_phone, mfa_phone) {
            (Some(email), Some(salutation), Some(email_language), Some(first_name), Some(last_name), Some(job_title), Some(department), Some(contact_phone), Some(mfa_phone))
                if errors.is_empty() =>
            {
                Ok(Details { email, salutation, email_language, first_name, last_name, job_title, department, contact_phone, mfa_phone })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> DetailsInput {
        DetailsInput {
            email: " Dora@Brightwave.example ".into(),
            salutation: "ms".into(),
            email_language: Some("fr".into()),
            first_name: "Dora".into(),
            last_name: "Claes".into(),
            job_title: "DPO".into(),
            department: String::new(),
            contact_phone: "+32 3 555 01 01".into(),
            mfa_phone: None,
        }
    }

    #[test]
    fn well_formed_details_parse_to_their_values() {
        let d = Details::parse(&input(), Holder::Person).unwrap();
        assert_eq!(d.email.as_str(), "dora@brightwave.example");
        assert_eq!(d.email_language, Some(Lang::Fr));
        assert_eq!((d.first_name.as_str(), d.last_name.as_str()), ("Dora", "Claes"));
        assert_eq!(d.job_title.as_ref().map(ShortText::as_str), Some("DPO"));
        assert_eq!(d.department, None);
        assert!(d.contact_phone.is_some() && d.mfa_phone.is_none());
    }

    #[test]
    fn every_field_in_error_is_named_at_once() {
        let bad = DetailsInput {
            email: "not an address".into(),
            salutation: "sir".into(),
            email_language: Some("de".into()),
            first_name: " ".into(),
            last_name: String::new(),
            job_title: "a\nb".into(),
            contact_phone: "call me".into(),
            mfa_phone: Some("x".into()),
            ..input()
        };
        let fields: Vec<&str> = Details::parse(&bad, Holder::Person).unwrap_err().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["email", "salutation", "email_language", "first_name", "last_name", "job_title", "contact_phone", "mfa_phone"]);
    }

    #[test]
    fn a_list_needs_no_last_name_and_a_form_without_a_language_has_none() {
        let list = DetailsInput { last_name: String::new(), email_language: None, ..input() };
        let d = Details::parse(&list, Holder::List).unwrap();
        assert_eq!((d.last_name.as_str(), d.email_language), ("", None));
        assert_eq!(Details::parse(&list, Holder::Person).unwrap_err(), vec![("last_name", Invalid("error-required"))]);
    }
}
