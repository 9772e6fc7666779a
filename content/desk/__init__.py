"""消保专线 (the desk): readers' consultations, complaints, suggestions and fraud reports, and their handling."""
