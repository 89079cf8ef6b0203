"""Building cities: from files or a download to a bundle, the year's city from the registry, and the Macau demo."""
