# Utilisateurs et autorisations : l’onglet Groupes d’autorisations, un groupe, « Ajouter un groupe d’autorisations », « Gérer les utilisateurs ».
users-tab-groups = Groupes d’autorisations
groups-intro = Les autorisations d’une personne sont l’ensemble de ce que ses groupes lui accordent. Les groupes prédéfinis sont fournis par { -brand } ; vous pouvez ajouter les vôtres.
groups-add = Ajouter un groupe d’autorisations
groups-edit-title = Modifier le groupe d’autorisations
groups-col-name = Nom
groups-col-description = Description
groups-col-grants = Ce qu’il accorde
groups-col-members = Membres
groups-member-count = { $count ->
    [one] { $count } membre
   *[other] { $count } membres
}
groups-built-in = Prédéfini
groups-built-in-reason = Lecture seule : ce groupe est fourni par { -brand }. Vous pouvez gérer ses utilisateurs.
groups-grants-nothing = Rien pour le moment
groups-grants-none = Aucun
groups-deleted = Le groupe d’autorisations a été supprimé.
groups-saved = Le groupe d’autorisations a été enregistré. Il s’applique à chacun à partir de sa prochaine requête.
groups-members-saved = Les utilisateurs du groupe ont été mis à jour. Cela s’applique à partir de leur prochaine requête.
groups-back-to-list = Retour aux groupes d’autorisations
groups-back-to-group = Retour au groupe
groups-sections = Groupe d’autorisations
groups-tab-roles = Rôles
groups-tab-users = Utilisateurs
groups-portal-roles = Rôles du portail
groups-portal-roles-hint = Ce que les membres peuvent faire dans ce portail.
groups-application-roles = Rôles d’application
groups-application-roles-hint = Les autres applications { -brand } que les membres peuvent utiliser.
groups-name = Nom
groups-description = Description
groups-step-define = Nom et rôles
groups-step-choose = Choisir les utilisateurs
groups-review-new = Vérifiez le nouveau groupe. Dès que vous cliquez sur « Confirmer », il est immédiatement disponible.
groups-review-edit = Vérifiez la modification et les personnes concernées. Dès que vous cliquez sur « Confirmer », elle s’applique à chaque personne à partir de sa prochaine requête.
groups-was = anciennement
groups-role-added = Ajouté :
groups-role-removed = Retiré :
groups-impact = Personnes dont l’accès change
groups-impact-none = L’accès de personne ne change.
groups-gains = Obtient
groups-loses = Perd
groups-delete = Supprimer le groupe
groups-delete-title = Supprimer ce groupe d’autorisations ?
groups-delete-lost = { $count ->
    [one] { $count } membre perd ce que ce groupe accorde, sauf si un autre de ses groupes l’accorde aussi.
   *[other] Ses { $count } membres perdent ce que ce groupe accorde, sauf si un autre de leurs groupes l’accorde aussi.
}
groups-delete-confirm = Supprimer le groupe
groups-manage-users = Gérer les utilisateurs
groups-no-members = Aucun utilisateur dans ce groupe pour le moment.
groups-search-users = Rechercher des utilisateurs
groups-search = Rechercher
groups-picker-hint = Saisissez une partie d’un nom ou d’une adresse e-mail. Dans la liste, les flèches permettent de se déplacer et la barre d’espace ajoute ou retire.
groups-picker-label = Utilisateurs de l’organisation
groups-in-group = Dans ce groupe
groups-no-candidates = Aucun utilisateur ne correspond.
groups-tick-to-add = Cochez les utilisateurs à ajouter
groups-tick-to-remove = Utilisateurs de ce groupe : cochez ceux à retirer
groups-to-add = { $count ->
    [one] { $count } utilisateur à ajouter :
   *[other] { $count } utilisateurs à ajouter :
}
groups-to-remove = { $count ->
    [one] { $count } utilisateur à retirer :
   *[other] { $count } utilisateurs à retirer :
}
groups-nobody = Personne.
groups-members-review = Vérifiez qui est ajouté et qui est retiré. Dès que vous cliquez sur « Confirmer », la modification s’applique à partir de leur prochaine requête.
service-inactive-microsoft-365-csp = Nécessite le service Microsoft 365 (CSP), qui n’est pas actif pour votre organisation.
service-inactive-servicedesk = Nécessite le service Service Desk, qui n’est pas actif pour votre organisation.
service-inactive-billing = Nécessite le service de facturation, qui n’est pas actif pour votre organisation.
service-inactive-secwise-watch = Nécessite le service Secwise Watch, qui n’est pas actif pour votre organisation.
service-inactive-secwise-care = Nécessite le service Secwise Care, qui n’est pas actif pour votre organisation.
error-group-built-in = Les groupes prédéfinis sont en lecture seule.
error-group-name-taken = Un autre groupe d’autorisations porte déjà ce nom.
error-group-conflict = Quelqu’un d’autre a modifié ce groupe pendant que vous le vérifiiez. La vérification affiche maintenant le groupe tel qu’il est : vérifiez-le et confirmez à nouveau. Vos choix sont conservés.
error-description-invalid = Utilisez au plus 300 caractères.
error-role-service-inactive = Un rôle d’application choisi nécessite un service qui n’est pas actif pour votre organisation.
error-members-unchanged = Choisissez au moins un utilisateur à ajouter ou à retirer.
