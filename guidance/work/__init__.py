"""The guidance specialists' work: mock tests, profile subjects, consultations, the yearly
programme, methodical materials, the news feed and the reports."""
