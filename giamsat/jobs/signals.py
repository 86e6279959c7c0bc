from django.dispatch import Signal

# Sent when a job is done or has failed, with job=...: the person who asked is told (notifications).
job_finished = Signal()
