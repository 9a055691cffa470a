"""kg/rdf"""
