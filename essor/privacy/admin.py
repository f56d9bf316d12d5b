from django.contrib import admin

from .models import ErasureRequest, FunderRetention, PurgeRun, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "months", "action", "legal"]


@admin.register(FunderRetention)
class FunderRetentionAdmin(admin.ModelAdmin):
    list_display = ["funding", "months"]


@admin.register(PurgeRun)
class PurgeRunAdmin(admin.ModelAdmin):
    list_display = ["ran_at", "dry_run", "by"]
    readonly_fields = ["ran_at", "dry_run", "by", "summary"]


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ["requested_at", "done_at", "user"]
    readonly_fields = ["requested_at", "done_at", "user", "report"]
