"""Who sees a job: the person who asked for it. Scheduled work (no owner) is seen in the admin only."""


def can_see_job(user, job) -> bool:
    return user.is_authenticated and job.owner_id == user.pk
