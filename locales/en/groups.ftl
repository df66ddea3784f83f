# Users & Permissions: the Permission Groups tab, a group, "Add Permission Group", "Manage users".
users-tab-groups = Permission Groups
groups-intro = A person's permissions are everything their groups grant together. Built-in groups are provided by { -brand }; you can add your own.
groups-add = Add Permission Group
groups-edit-title = Edit permission group
groups-col-name = Name
groups-col-description = Description
groups-col-grants = What it grants
groups-col-members = Members
groups-member-count = { $count ->
    [one] 1 member
   *[other] { $count } members
}
groups-built-in = Built-in
groups-built-in-reason = Read-only: this group is provided by { -brand }. You can manage its users.
groups-grants-nothing = Nothing yet
groups-grants-none = None
groups-deleted = The permission group was deleted.
groups-saved = The permission group was saved. It applies from everyone's next request.
groups-members-saved = The group's users were updated. It applies from their next request.
groups-back-to-list = Back to Permission Groups
groups-back-to-group = Back to the group
groups-sections = Permission group
groups-tab-roles = Roles
groups-tab-users = Users
groups-portal-roles = Portal roles
groups-portal-roles-hint = What members may do in this portal.
groups-application-roles = Application roles
groups-application-roles-hint = Which of { -brand }'s other applications members may use.
groups-name = Name
groups-description = Description
groups-step-define = Name and roles
groups-step-choose = Choose users
groups-review-new = Check the new group. On "Confirm" it is available at once.
groups-review-edit = Check the change and whom it affects. On "Confirm" it applies from each person's next request.
groups-was = was
groups-role-added = Added:
groups-role-removed = Removed:
groups-impact = Whose access changes
groups-impact-none = Nobody's access changes.
groups-gains = Gains
groups-loses = Loses
groups-delete = Delete group
groups-delete-title = Delete this permission group?
groups-delete-lost = { $count ->
    [one] Its 1 member loses what this group grants, unless another of their groups grants it too.
   *[other] Its { $count } members lose what this group grants, unless another of their groups grants it too.
}
groups-delete-confirm = Delete the group
groups-manage-users = Manage users
groups-no-members = No users in this group yet.
groups-search-users = Search users
groups-search = Search
groups-picker-hint = Type part of a name or email. In the list, arrows move, Space adds or removes.
groups-picker-label = Users of the organization
groups-in-group = In this group
groups-no-candidates = No user matches.
groups-tick-to-add = Tick the users to add
groups-tick-to-remove = Users in this group: tick the ones to remove
groups-to-add = { $count ->
    [one] 1 user to add:
   *[other] { $count } users to add:
}
groups-to-remove = { $count ->
    [one] 1 user to remove:
   *[other] { $count } users to remove:
}
groups-nobody = Nobody.
groups-members-review = Check who is added and who is removed. On "Confirm" it applies from their next request.
service-inactive-microsoft-365-csp = Needs the Microsoft 365 (CSP) service, which is not active for your organization.
service-inactive-servicedesk = Needs the Service Desk service, which is not active for your organization.
service-inactive-billing = Needs the Billing service, which is not active for your organization.
service-inactive-secwise-watch = Needs the Secwise Watch service, which is not active for your organization.
service-inactive-secwise-care = Needs the Secwise Care service, which is not active for your organization.
error-group-built-in = Built-in groups are read-only.
error-group-name-taken = Another permission group already has this name.
error-group-conflict = Someone else changed this group while you were reviewing it. The review now shows the group as it is: check it and confirm again. Your choices are kept.
error-description-invalid = Use at most 300 characters.
error-role-service-inactive = A chosen application role needs a service that is not active for your organization.
error-members-unchanged = Choose at least one user to add or remove.
