/* Built from learning_map/city/symbols.toml by `npm run build`. Do not edit: change the .toml file. */
export const SYMBOLS = {
 "category": {
  "community_learning": {
   "shape": "circle",
   "color": "#009E73",
   "outline": "#FFFFFF",
   "order": 1
  },
  "elderly_education": {
   "shape": "hexagon",
   "color": "#D55E00",
   "outline": "#FFFFFF",
   "order": 2
  },
  "library": {
   "shape": "square",
   "color": "#0072B2",
   "outline": "#FFFFFF",
   "order": 3
  },
  "cultural_centre": {
   "shape": "diamond",
   "color": "#CC79A7",
   "outline": "#000000",
   "order": 4
  },
  "school": {
   "shape": "triangle",
   "color": "#E69F00",
   "outline": "#000000",
   "order": 5
  },
  "college": {
   "shape": "pentagon",
   "color": "#56B4E9",
   "outline": "#000000",
   "order": 6
  },
  "university": {
   "shape": "star",
   "color": "#F0E442",
   "outline": "#000000",
   "order": 7
  }
 },
 "subtype": {
  "senior_university": {
   "shape": "star",
   "color": "#D55E00",
   "outline": "#FFFFFF",
   "order": 1
  },
  "senior_school": {
   "shape": "square",
   "color": "#D55E00",
   "outline": "#FFFFFF",
   "order": 2
  },
  "neighbourhood_model_point": {
   "shape": "hexagon",
   "color": "#D55E00",
   "outline": "#FFFFFF",
   "order": 3
  },
  "social_learning_point": {
   "shape": "triangle",
   "color": "#E69F00",
   "outline": "#000000",
   "order": 4
  },
  "care_education_point": {
   "shape": "diamond",
   "color": "#CC79A7",
   "outline": "#000000",
   "order": 5
  }
 },
 "fallback": {
  "shape": "circle",
  "color": "#767676",
  "outline": "#FFFFFF",
  "order": 99
 }
};
