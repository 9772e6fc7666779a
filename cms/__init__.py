"""The Django project of the 金融常识 platform: settings, URLs and server entry points."""
