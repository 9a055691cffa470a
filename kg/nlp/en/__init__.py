"""kg/nlp/en"""
