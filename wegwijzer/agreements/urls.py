from wegwijzer.agreements import signing_urls, terms_urls

app_name = "agreements"

# Two lists, each kept by its own module: the stay's terms and the school's wording
# (terms_urls), and sending and signing (signing_urls).
urlpatterns = [*terms_urls.urlpatterns, *signing_urls.urlpatterns]
