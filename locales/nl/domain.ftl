error-phone-e164 = Vul het nummer in internationale vorm in, te beginnen met + en de landcode, bijvoorbeeld +32 470 12 34 56.
error-phone-invalid = Dit nummer bestaat niet in het nummerplan van zijn land. Controleer de cijfers na de landcode.
error-salutation-invalid = Kies een aanspreking uit de lijst.
error-text-invalid = Vul hoogstens 100 tekens op één regel in.
error-not-found = Dit item bestaat niet of je kunt het niet zien.
salutation-prof = Prof.
