from django.contrib import admin

from .models import Bilan, Complaint, Highlight, ImprovementAction


class HighlightInline(admin.TabularInline):
    model = Highlight
    fields = ["position", "source", "text"]
    extra = 0


@admin.register(Bilan)
class BilanAdmin(admin.ModelAdmin):
    list_display = ["cohort", "held_on", "published", "updated_at"]
    list_filter = ["published"]
    inlines = [HighlightInline]
    raw_id_fields = ["updated_by"]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(admin.ModelAdmin):
    list_display = ["title", "origin_cohort", "carried_to", "owner", "due_on", "status"]
    list_filter = ["status", "source", "programme"]
    search_fields = ["title"]
    raw_id_fields = ["owner", "complaint", "created_by"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["subject", "cohort", "received_on", "complainant_role", "closed_on"]
    list_filter = ["cohort", "channel", "complainant_role"]
    search_fields = ["subject"]
    raw_id_fields = ["recorded_by"]
