// The destination city's search box on the mobility form. htmx asks for the cities that fit
// what is typed (?q=) in the country chosen on the form (?country=; every country while
// none is chosen) and shows them as buttons; a button fills in the city. The country is
// the user's choice alone: nothing here changes it.
// Without JavaScript the city is plain text, and the server reads "Valencia, ES" as well.
(() => {
  const input = document.querySelector("[data-city-search]");
  if (!input) return;
  const country = document.getElementById(input.dataset.countryField);
  const suggestions = document.getElementById("city-suggestions");
  // The chosen city's GeoNames id tells namesakes in one country apart; typing forgets it.
  const chosenId = document.getElementById("id_destination_city_geoname_id");

  input.addEventListener("input", () => {
    if (chosenId) chosenId.value = "";
  });

  input.addEventListener("htmx:configRequest", (event) => {
    event.detail.parameters = { q: input.value, country: country ? country.value : "" };
  });

  // Suggestions made for another country no longer fit.
  if (country) {
    country.addEventListener("change", () => suggestions.replaceChildren());
  }

  suggestions.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-city]");
    if (!button) return;
    input.value = button.dataset.city;
    if (chosenId) chosenId.value = button.dataset.geonameId;
    suggestions.replaceChildren();
    input.focus();
  });
})();
