error-phone-e164 = Enter the number in international form, starting with + and the country code, e.g. +32 470 12 34 56.
error-phone-invalid = This number does not exist in its country's numbering plan. Check the digits after the country code.
error-salutation-invalid = Choose a salutation from the list.
error-text-invalid = Enter at most 100 characters on one line.
error-not-found = This item does not exist or you cannot see it.
salutation-prof = Prof.
