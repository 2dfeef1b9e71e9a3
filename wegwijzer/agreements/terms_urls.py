from django.urls import URLPattern

# The stay's terms (tasks, learning outcomes, assessment) and the school's wording.
urlpatterns: list[URLPattern] = []
