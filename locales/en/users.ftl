users-title = Users & Permissions
users-tab-profiles = Profiles
users-col-name = Name
users-col-kind = Kind
users-kind-user = User
users-kind-contact = Contact
