error-phone-e164 = Saisissez le numéro au format international, en commençant par + et l’indicatif du pays, par exemple +32 470 12 34 56.
error-phone-invalid = Ce numéro n’existe pas dans le plan de numérotation de son pays. Vérifiez les chiffres après l’indicatif du pays.
error-salutation-invalid = Choisissez une civilité dans la liste.
error-text-invalid = Saisissez au plus 100 caractères, sur une ligne.
error-not-found = Cet élément n’existe pas ou vous n’y avez pas accès.
salutation-prof = Prof.
