"""kg/views"""
